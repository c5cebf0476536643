"""Hostile content: nothing in a field runs script, loads a remote resource or reads a local file.

Two walls, each tested on its own and together:

- the sanitiser (``flashdeck.core.render``): every payload's HTML is parsed and
  every tag, attribute and URL checked against an allow-list written here;
- the text view (``SafeHtmlView.loadResource``): the real review screen,
  browser preview and editor preview show a deck of payloads imported through
  the Collection, and every resource the views ask for is recorded (the view's
  own method runs; the test only watches its answers). Only an image named by a
  plain file name in the collection's ``media/`` folder may come back.

``flashdeck render`` must print exactly the HTML the review screen shows.
"""

from __future__ import annotations

import base64
import html.parser
import re
import struct
import urllib.parse
import zlib
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from helpers import ManualMonotonic, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from injection_payloads import PAYLOADS
from PySide6.QtCore import QByteArray, QUrl
from PySide6.QtGui import QImage, QPixmap, QTextDocument
from pytestqt.qtbot import QtBot

from flashdeck import cli
from flashdeck.collection import Collection
from flashdeck.collection.media import media_dir
from flashdeck.core.importers.deckfile import write_deck
from flashdeck.core.notes import DeckMeta, NoteDraft
from flashdeck.core.render import render_card, render_markdown, with_large_prompt
from flashdeck.core.scheduling import Rating
from flashdeck.ui.browse.editor import NoteEditor
from flashdeck.ui.browse.screen import BrowserScreen
from flashdeck.ui.events import AppEvents
from flashdeck.ui.review.screen import ReviewScreen
from flashdeck.ui.widgets.html_view import SafeHtmlView

DECK = "Hostile"
MEDIA_IMAGE = "ok.png"  # the one resource a view may load: a real image in media/
CONTROL = f'<img src="{MEDIA_IMAGE}"> and ![alt]({MEDIA_IMAGE}) and a missing <img src="missing.png">'

# -- the allow-list, written here independently of the sanitiser's own --------------------------

ALLOWED: dict[str, set[str]] = {
    **{tag: set() for tag in (
        "p", "br", "hr", "strong", "em", "b", "i", "u", "s", "del", "code", "pre", "kbd", "blockquote",
        "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "sup", "sub")},
    "th": {"align"},
    "td": {"align"},
    "span": {"class"},
    "div": {"class"},
    "a": {"href", "title", "rel"},
    "img": {"src", "alt", "title"},
}
# The app's own markup around sanitised text: the card's answer rule and the review screen's large prompt.
OWN_MARKUP = {("hr", "id", "answer"), ("div", "style", "font-size: large")}
LINK_SCHEMES = {"", "http", "https", "mailto"}  # a link is never opened; these are all it may say
_PLAIN_NAME = re.compile(r"^[^/\\:%?#\x00-\x1f]+$")


def plain_media_name(value: str) -> bool:
    return bool(_PLAIN_NAME.match(value)) and not value.startswith(".")


def safe_href(value: str) -> bool:
    # Browsers drop tabs, newlines and controls inside a scheme ("java\tscript:"): so do we before judging.
    squeezed = re.sub(r"[\x00-\x20\x7f]", "", value)
    return urllib.parse.urlsplit(squeezed).scheme.lower() in LINK_SCHEMES


class Audit(html.parser.HTMLParser):
    """Every tag and attribute of a piece of HTML, judged against the allow-list."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED:
            self.problems.append(f"tag <{tag}>")
            return
        for name, raw in attrs:
            value = raw or ""
            if (tag, name, value) in OWN_MARKUP:
                continue
            if name not in ALLOWED[tag]:
                self.problems.append(f"attribute {name}={value!r} on <{tag}>")
            elif name == "href" and not safe_href(value):
                self.problems.append(f"href {value!r}")
            elif name == "src" and not plain_media_name(value):
                self.problems.append(f"src {value!r}")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_comment(self, data: str) -> None:
        self.problems.append(f"comment {data!r}")

    def handle_decl(self, decl: str) -> None:
        self.problems.append(f"declaration {decl!r}")

    def handle_pi(self, data: str) -> None:
        self.problems.append(f"processing instruction {data!r}")

    def unknown_decl(self, data: str) -> None:
        self.problems.append(f"declaration {data!r}")


def audit(html_text: str) -> list[str]:
    parser = Audit()
    parser.feed(html_text)
    parser.close()
    return parser.problems


# -- (a) the sanitised HTML ---------------------------------------------------------------------


def test_the_corpus_covers_every_kind_of_attack() -> None:
    ids = [pid for pid, _, _ in PAYLOADS]
    assert len(ids) >= 40 and len(set(ids)) == len(ids)
    categories = {category for _, category, _ in PAYLOADS}
    assert categories == {"script", "handler", "scheme", "resource", "css", "svg", "embed", "markdown", "nesting"}
    for category in categories:
        assert sum(1 for _, c, _ in PAYLOADS if c == category) >= 3, category


@pytest.mark.parametrize(
    "html_text",
    [
        "<script>alert(1)</script>",
        '<p onclick="x">a</p>',
        '<a href="javascript:alert(1)">a</a>',
        '<a href="java&#x09;script:alert(1)">a</a>',
        '<img src="http://evil.example/x.png">',
        '<img src="../x.png">',
        '<div style="color:red">a</div>',
        "<!-- hidden -->",
        '<iframe src="x"></iframe>',
    ],
)
def test_the_audit_itself_catches_dangerous_html(html_text: str) -> None:
    assert audit(html_text), "an audit that passes this would prove nothing"


@pytest.mark.parametrize("payload", [p for _, _, p in PAYLOADS], ids=[pid for pid, _, _ in PAYLOADS])
def test_sanitised_html_holds_only_allowed_tags_attributes_and_urls(payload: str) -> None:
    front, back = render_card("basic", 0, {"front": payload, "back": payload})
    for html_text in (render_markdown(payload), front, back, *with_large_prompt(front, back)):
        assert audit(html_text) == []


_FRAGMENTS = ["<", ">", "/", "img", "a", "p", "script", "style", "svg", " ", "src=", "href=", "title=", "on", "error",
              "=", '"', "'", "`", "javascript:", "data:", "file:", "//", "http:", "&#", "x6A;", "106;", "&colon;", "&",
              "#", ";", "[", "]", "(", ")", "!", "*", "\n", "\t", "-->", "<!--", "%", "..", ".", "x", "png", "\\",
              "url(", "@import", "|", "-", "1.", "<noscript>", "<div>"]


@settings(max_examples=400, deadline=timedelta(seconds=5), derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(_FRAGMENTS), st.sampled_from([p for _, _, p in PAYLOADS])), max_size=40)
       .map("".join))
def test_fuzzed_fields_sanitise_to_the_allow_list(text: str) -> None:
    front, back = render_card("basic", 0, {"front": text, "back": text})
    for html_text in (render_markdown(text), *with_large_prompt(front, back)):
        assert audit(html_text) == []


def test_safe_markup_survives_sanitising() -> None:
    """The allow-list is not so tight that ordinary cards lose their formatting."""
    html_text = render_markdown("**bold** [site](https://ok.example) ![pic](ok.png)\n\n- one\n- two\n\n`code`")
    assert audit(html_text) == []
    for kept in ("<strong>bold</strong>", 'href="https://ok.example"', '<img alt="pic" src="ok.png"', "<li>one</li>",
                 "<code>code</code>"):
        assert kept in html_text


def test_deep_nesting_renders_as_text_without_recursing() -> None:
    # 400 levels made Python-Markdown raise RecursionError (2,000 took a minute first).
    nested = "".join("  " * i + f"- level {i}\n" for i in range(400))
    html_text = render_markdown(nested)
    assert "level 399" in html_text and "<li>" not in html_text  # shown as plain text, not 400 nested lists
    assert audit(html_text) == []
    brackets = render_markdown("[" * 20_000 + "x")
    assert brackets.endswith("x</p>")


# -- (b) the real screens, with every resource request recorded ---------------------------------


def png(width: int, height: int) -> bytes:
    """A real PNG of a given size: the size tells which image a view actually shows."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


MEDIA_SIZE = (2, 2)  # the media control image
FOREIGN_SIZE = (7, 5)  # every image a hostile card points at outside media/: never to be shown
IMAGE = QTextDocument.ResourceType.ImageResource.value
Request = tuple[int, str, object]  # (resource kind, URL asked for, what loadResource answered)


@pytest.fixture
def requests(monkeypatch: pytest.MonkeyPatch) -> list[Request]:
    """Every loadResource call of every SafeHtmlView: the view's own method answers; we only write it down."""
    log: list[Request] = []
    real = SafeHtmlView.loadResource

    def recorded(view: SafeHtmlView, kind: int, name: QUrl | str) -> object:
        result = real(view, kind, name)
        url = name.toString() if isinstance(name, QUrl) else str(name)
        log.append((int(getattr(kind, "value", kind)), url, result))
        return result

    monkeypatch.setattr(SafeHtmlView, "loadResource", recorded)
    return log


@pytest.fixture
def bait(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Real files a hostile card could reach if a view read the disk: images and a style sheet
    in the working directory (under the plain names the payloads use) and beside it."""
    folder = tmp_path / "cwd"
    folder.mkdir()
    for name in ("x", "x.png", "missing.png", "outside.png", "secret.png", "b"):
        (folder / name).write_bytes(png(*FOREIGN_SIZE))
    (folder / "evil.css").write_text("p, div, span, td { color: #ff0000; }\n", encoding="utf-8")
    monkeypatch.chdir(folder)
    return folder


@pytest.fixture
def hostile(col: Collection, tmp_path: Path, bait: Path) -> Iterator[Collection]:
    """A deck file of every payload (front and back), imported through the Collection, plus media/ok.png."""
    drafts = [NoteDraft("basic", {"front": f"{pid}: {payload}", "back": payload}) for pid, _, payload in PAYLOADS]
    drafts.append(NoteDraft("basic", {"front": "media control", "back": CONTROL}))
    deck_file = tmp_path / "hostile.md"
    deck_file.write_text(write_deck(DeckMeta(DECK), drafts), encoding="utf-8")
    report = col.import_file(deck_file)
    assert report.added == len(drafts)
    stored = {col.note(nid).fields["front"]: col.note(nid).fields.get("back", "") for nid in note_ids(col)}
    assert stored == {d.fields["front"].strip(): d.fields["back"].strip() for d in drafts}  # every payload whole
    col.set_deck_limits(DECK, new_per_day=1000, reviews_per_day=1000)
    media = media_dir(col)
    media.mkdir(parents=True, exist_ok=True)
    (media / MEDIA_IMAGE).write_bytes(png(*MEDIA_SIZE))
    yield col


def note_ids(col: Collection) -> list[int]:
    return sorted({col.card(cid).note_id for cid in col.search(f'deck:"{DECK}"')})


def size_of(result: object) -> tuple[int, int] | None:
    return (result.width(), result.height()) if isinstance(result, QImage | QPixmap) else None


def assert_only_media_loaded(log: list[Request], media: Path) -> None:
    """Each answer: ``None`` (refused), or the media image for a plain name of a file in media/."""
    for kind, url, result in log:
        if result is not None:
            assert kind == IMAGE and plain_media_name(url) and (media / url).is_file(), f"loaded {url!r}"
            assert size_of(result) == MEDIA_SIZE
    # The record is live: the media control image was asked for and given, the missing one refused.
    assert {url for _, url, result in log if result is not None} == {MEDIA_IMAGE}
    assert any(url == "missing.png" and result is None for _, url, result in log)


def show(view: SafeHtmlView, log: list[Request]) -> None:
    """Lay the document out now (images are asked for then) and check what it really holds.

    A view answering ``None`` is not enough by itself: Qt then reads the resource
    itself unless the document stops it. So the check is on the document's own
    resources, which would hold the 7×5 bait image or a file's bytes, and on its
    formats, which would be red from the bait style sheet.
    """
    view.document().size()
    asked = len(log)
    for kind, url, _ in log[:asked]:
        held = view.document().resource(kind, QUrl(url))
        assert size_of(held) != FOREIGN_SIZE, f"the view shows {url!r} from disk"
        assert not (isinstance(held, bytes | QByteArray | str) and len(held)), f"the view read {url!r}"
    del log[asked:]  # the look-ups above ask the view again: not the document's own requests
    assert "#ff0000" not in view.toHtml()


@pytest.mark.gui
def test_review_screen_loads_only_media_and_render_prints_what_it_shows(
        qtbot: QtBot, hostile: Collection, requests: list[Request], db_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    screen = ReviewScreen(hostile, AppEvents(), monotonic=ManualMonotonic())
    qtbot.addWidget(screen)
    screen.resize(900, 700)
    screen.show()
    screen.start(DECK)
    shown: dict[int, tuple[str, str]] = {}
    while screen.card is not None and screen.card.note_id not in shown:
        note_id = screen.card.note_id
        show(screen.view, requests)
        front = screen.shown_html
        screen.reveal()
        show(screen.view, requests)
        shown[note_id] = (front, screen.shown_html)
        screen.rate(Rating.EASY)
    assert sorted(shown) == note_ids(hostile)
    assert_only_media_loaded(requests, media_dir(hostile))
    for note_id, (front, back) in shown.items():
        assert audit(front) == [] and audit(back) == []
        # `flashdeck render` (the real command's code, in this process) prints exactly what the screen showed.
        for extra, expected in (([], front), (["--back"], back)):
            assert cli.main(["--db", str(db_path), "render", str(note_id), *extra]) == 0
            assert capsys.readouterr().out == expected + "\n"
    control = next(nid for nid in shown if hostile.note(nid).fields["front"] == "media control")
    assert f'src="{MEDIA_IMAGE}"' in shown[control][1]


def test_render_command_in_a_child_process(hostile: Collection, db_path: Path) -> None:
    note_id = next(nid for nid in note_ids(hostile) if hostile.note(nid).fields["front"].startswith("on-img-onerror"))
    card = hostile.card(hostile.search(f"note:{note_id}")[0])
    front, back = with_large_prompt(*card.render())
    done = run_cli("render", str(note_id), "--back", db=db_path)
    assert (done.returncode, done.stdout, done.stderr) == (0, back + "\n", "")
    assert "onerror=" not in done.stdout and audit(done.stdout) == []
    assert run_cli("render", str(note_id), db=db_path).stdout == front + "\n"
    missing = run_cli("render", str(note_id), "--card", "2", db=db_path)
    assert missing.returncode == 1
    assert missing.stderr == f"flashdeck: note {note_id} has no card 2; its cards: 1 (Recall)\n"
    unknown = run_cli("render", "999999", db=db_path)
    assert (unknown.returncode, unknown.stderr) == (
        1, "flashdeck: no note with id 999999 (`flashdeck notes` lists them)\n")


@pytest.mark.gui
def test_browser_preview_loads_only_media(qtbot: QtBot, hostile: Collection, requests: list[Request]) -> None:
    screen = BrowserScreen(hostile, AppEvents())
    qtbot.addWidget(screen)
    screen.resize(1000, 600)
    screen.show()
    for card_id in hostile.search(f'deck:"{DECK}"'):
        screen.select_cards([card_id])
        assert screen.selected_card_ids() == [card_id]
        show(screen.preview, requests)
    assert_only_media_loaded(requests, media_dir(hostile))


@pytest.mark.gui
def test_editor_preview_loads_only_media(qtbot: QtBot, hostile: Collection, requests: list[Request]) -> None:
    events = AppEvents()
    for note_id in note_ids(hostile):
        editor = NoteEditor(hostile, events, note_id=note_id)
        qtbot.addWidget(editor)
        editor.show()
        show(editor.preview, requests)
        assert editor.preview.plain_text()  # the card is shown
        editor.close()
    assert_only_media_loaded(requests, media_dir(hostile))


@pytest.mark.gui
def test_view_refuses_raw_payloads_without_the_sanitiser(
        qtbot: QtBot, hostile: Collection, requests: list[Request], bait: Path) -> None:
    """The second wall alone: unsanitised payloads straight into the view of a real review screen."""
    screen = ReviewScreen(hostile, AppEvents(), monotonic=ManualMonotonic())
    qtbot.addWidget(screen)
    screen.show()
    outside, css = bait / "outside.png", bait / "evil.css"
    inline = base64.b64encode(png(*FOREIGN_SIZE)).decode()
    local = [
        '<img src="outside.png">',  # a plain name: Qt would read it from the working directory
        f'<img src="{outside}">',
        f'<img src="{outside.as_uri()}">',
        '<img src="../cwd/outside.png">',
        f'<img src="data:image/png;base64,{inline}">',
        '<p style="background-image: url(outside.png)">x</p>',
        f'<table background="{outside}"><tr><td background="{outside.as_uri()}">x</td></tr></table>',
        "<style>@import url(evil.css);</style><p>red?</p>",
        f"<style>@import url({css.as_uri()});</style><p>red?</p>",
        "<style>@import url(data:text/css,p%7Bcolor:%23ff0000%7D);</style><p>red?</p>",
        '<link rel="stylesheet" href="evil.css"><p>red?</p>',
    ]
    for raw in [p for _, _, p in PAYLOADS] + local + [CONTROL]:
        screen.view.set_card_html(raw)
        show(screen.view, requests)
    asked = [url for _, url, _ in requests]
    # Qt really asked for the remote and the local files, and for style sheets; every one was refused.
    assert any(url.startswith("http://evil.example") for url in asked)
    assert any(url.endswith("outside.png") for url in asked)
    assert any(kind == QTextDocument.ResourceType.StyleSheetResource.value for kind, _, _ in requests)
    assert_only_media_loaded(requests, media_dir(hostile))
