from __future__ import annotations

import pytest

from flashdeck.core.search import SearchError, Term, parse_search


def test_terms() -> None:
    assert parse_search('deck:"System design" -is:suspended cache "long term" tag:star') == [
        Term("deck", "System design"),
        Term("is", "suspended", negated=True),
        Term("text", "cache"),
        Term("text", "long term"),
        Term("tag", "star"),
    ]


def test_unknown_prefix_is_text() -> None:
    assert parse_search("http://example.org") == [Term("text", "http://example.org")]


@pytest.mark.parametrize("query", ['"open', "is:sleepy", "deck:", "id:abc"])
def test_errors(query: str) -> None:
    with pytest.raises(SearchError):
        parse_search(query)
