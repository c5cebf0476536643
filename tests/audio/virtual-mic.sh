#!/bin/bash
# A private PulseAudio "virtual microphone" for tests on a machine with no sound card.
# Adapted from the virtual-microphone recipe in the team's audio notes; the project keeps its own copy.
#
#   usage: virtual-mic.sh start|stop|unplug|plug|env [RUNTIME_DIR]   (default RUNTIME_DIR: /tmp/flashdeck-pulse)
#   eval "$(virtual-mic.sh env DIR)"   exports PULSE_SERVER, PULSE_COOKIE, PULSE_CLIENTCONFIG for clients
#   vsink: a null sink; play test speech into it:  paplay --device=vsink speech.wav
#   vmic:  vsink's monitor remapped as a real source (Qt lists no *.monitor source), set as default
#   a silent keep-alive stream makes vmic deliver data continuously (else only while paplay runs)
#   unplug: removes vsink and vmic (recording streams die, as when a USB microphone is pulled out);
#   plug: brings them back.
# Differences from the recipe: everything (cookie, state, runtime) stays inside RUNTIME_DIR, nothing in
# $HOME; anonymous auth; no module-always-sink (it would catch streams in its own monitor when vsink is
# unplugged, so the "device lost" case could not be produced); unplug/plug.
# The first ~2 s after start, vmic delivers nothing yet: wait for data before recording (tests/vmic.py does).
# Needs (Debian): pulseaudio pulseaudio-utils libpulse0; for speech: flite (pocketsphinx hears flite) and sox.
# Works as root without systemd or D-Bus.
set -u
cmd=${1:-start}
dir=$(realpath -m "${2:-/tmp/flashdeck-pulse}")
client_env="PULSE_SERVER=unix:$dir/pulse/native PULSE_COOKIE=$dir/cookie PULSE_CLIENTCONFIG=$dir/client.conf"
export $client_env
# The daemon's own files (state, config, runtime) under $dir too.
daemon_env="HOME=$dir XDG_CONFIG_HOME=$dir/config XDG_RUNTIME_DIR=$dir PULSE_RUNTIME_PATH=$dir/pulse PULSE_STATE_PATH=$dir/state"

plug() {
  pactl load-module module-null-sink sink_name=vsink sink_properties=device.description=VirtualSpeaker >/dev/null &&
    pactl load-module module-remap-source source_name=vmic master=vsink.monitor \
      source_properties=device.description=VirtualMic >/dev/null &&
    pactl set-default-sink vsink && pactl set-default-source vmic || return 1
  pacat --playback --device=vsink --latency-msec=20 --stream-name=keepalive </dev/zero >/dev/null 2>&1 &
  echo $! >"$dir/keepalive.pid"
}

unplug() {
  [ -f "$dir/keepalive.pid" ] && kill "$(cat "$dir/keepalive.pid")" 2>/dev/null
  rm -f "$dir/keepalive.pid"
  # Unloading the sink takes the source remapped from its monitor with it.
  pactl unload-module module-remap-source 2>/dev/null
  pactl unload-module module-null-sink
}

case $cmd in
env) echo "export $client_env" ;;
start)
  mkdir -p "$dir" && chmod 700 "$dir" || exit 1
  echo "autospawn = no" >"$dir/client.conf"
  env $daemon_env pulseaudio --daemonize=yes --exit-idle-time=-1 --system=false -n \
    --log-target=file:"$dir/pulse.log" --log-level=notice \
    --load="module-native-protocol-unix auth-anonymous=1" || exit 1
  for _ in $(seq 50); do pactl info >/dev/null 2>&1 && break; sleep 0.1; done
  plug || exit 1
  echo "virtual mic up: pulseaudio pid $(cat "$dir/pulse/pid"), keep-alive pid $(cat "$dir/keepalive.pid")"
  ;;
stop)
  [ -f "$dir/keepalive.pid" ] && kill "$(cat "$dir/keepalive.pid")" 2>/dev/null
  rm -f "$dir/keepalive.pid"
  env $daemon_env pulseaudio --kill 2>/dev/null
  echo "virtual mic down"
  ;;
unplug) unplug || exit 1 ;;
plug) plug || exit 1 ;;
*) echo "usage: $0 start|stop|unplug|plug|env [RUNTIME_DIR]" >&2; exit 2 ;;
esac
