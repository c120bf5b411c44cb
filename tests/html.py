"""Checks on the HTML a page sends, as a browser would parse it."""

from html.parser import HTMLParser


class _FormNesting(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.open_forms = 0
        self.nested = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "form":
            self.nested += self.open_forms > 0
            self.open_forms += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.open_forms = max(self.open_forms - 1, 0)


def nested_forms(html: str) -> int:
    """How many <form> tags open inside another form. Browsers drop such a tag, with its
    action and enctype, and the first </form> then ends the outer form early."""
    parser = _FormNesting()
    parser.feed(html)
    return parser.nested
