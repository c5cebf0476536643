# Replaces the contributed hook, which copies the metadata of a distribution named "webrtcvad";
# ours is "webrtcvad-wheels" (its __version__ comes from that name's metadata).
from PyInstaller.utils.hooks import copy_metadata

datas = copy_metadata("webrtcvad-wheels")
