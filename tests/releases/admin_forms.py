"""The admin's forms as a browser posts them."""

from html.parser import HTMLParser
from typing import Any


def initial_form_data(page: Any) -> dict[str, str]:
    """The change form as the browser would post it back, unchanged."""
    data: dict[str, str] = {}

    class Parser(HTMLParser):
        textarea: str | None = None
        select: str | None = None

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            attributes = dict(attrs)
            name = attributes.get("name")
            if tag == "input" and name:
                kind = attributes.get("type", "text")
                if kind in {"checkbox", "radio"}:
                    if "checked" in attributes:
                        data[name] = attributes.get("value") or "on"
                elif kind not in {"submit", "button", "file"}:
                    data[name] = attributes.get("value") or ""
            elif tag == "textarea" and name:
                self.textarea = name
                data[name] = ""
            elif tag == "select" and name:
                self.select = name
            elif tag == "option" and "selected" in attributes and self.select:
                data[self.select] = attributes.get("value") or ""

        def handle_endtag(self, tag: str) -> None:
            if tag == "textarea" and self.textarea:
                # A browser drops the newline that follows <textarea>.
                data[self.textarea] = data[self.textarea].removeprefix("\n")
                self.textarea = None
            if tag == "select":
                self.select = None

        def handle_data(self, text: str) -> None:
            if self.textarea:
                data[self.textarea] += text

    Parser().feed(page.content.decode())
    return {key: value for key, value in data.items() if key != "csrfmiddlewaretoken"}
