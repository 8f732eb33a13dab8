"""A small reader for the YAML subset docs/openapi.yaml is written in (no PyYAML needed).

Supported: block mappings and sequences indented by spaces, "- key: value" items, plain and
quoted scalars ('single', "double"), integers, true/false/null, flow lists of scalars
("[a, 'b']", which may go on over more-indented lines), empty "{}" / "[]", literal "|" and
folded ">" block scalars, full-line and trailing " #" comments. Anything else raises
ValueError with the line number, so a document outside the subset fails loudly instead of
being misread. Multi-line plain or quoted scalars are not supported: use "|" or ">".
"""

import re

_INT = re.compile(r"^-?[0-9]+$")


class _Line:
    def __init__(self, number, indent, text):
        self.number = number
        self.indent = indent
        self.text = text


def _strip_comment(text):
    quote = None
    for i, c in enumerate(text):
        if quote:
            if c == quote:
                quote = None
        elif c in "'\"" and (i == 0 or text[i - 1] in " [,:{"):
            quote = c
        elif c == "#" and (i == 0 or text[i - 1] == " "):
            return text[:i].rstrip()
    return text


def _quoted(text, number):
    q = text[0]
    end = text.find(q, 1)
    while q == "'" and end != -1 and text[end + 1:end + 2] == "'":
        end = text.find(q, end + 2)
    if end == -1:
        raise ValueError(f"line {number}: unterminated quote")
    body = text[1:end]
    if q == "'":
        body = body.replace("''", "'")
    else:
        body = body.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")
    return body, text[end + 1:]


def _scalar(text, number):
    if not text:
        return None
    if text[0] in "'\"":
        value, rest = _quoted(text, number)
        if rest.strip():
            raise ValueError(f"line {number}: text after a quoted scalar")
        return value
    if text == "[]":
        return []
    if text == "{}":
        return {}
    if text[0] == "[":
        if not text.endswith("]"):
            raise ValueError(f"line {number}: flow lists must close on their line")
        return [_scalar(p.strip(), number) for p in _split_flow(text[1:-1], number)]
    if text[0] in "{&*!%@`|>":
        raise ValueError(f"line {number}: unsupported YAML: {text}")
    if text in ("true", "false"):
        return text == "true"
    if text in ("null", "~"):
        return None
    if _INT.match(text):
        return int(text)
    return text


def _split_flow(text, number):
    parts, cur, quote = [], "", None
    for c in text:
        if quote:
            cur += c
            if c == quote:
                quote = None
        elif c in "'\"":
            quote = c
            cur += c
        elif c == ",":
            parts.append(cur)
            cur = ""
        else:
            cur += c
    if quote:
        raise ValueError(f"line {number}: unterminated quote in a flow list")
    if cur.strip():
        parts.append(cur)
    return parts


def _split_key(text, number):
    """'key: value' -> (key, value); None when the text is not a mapping entry."""
    if text[0] in "'\"":
        key, rest = _quoted(text, number)
        if not rest.startswith(":"):
            return None
        return key, rest[1:].strip()
    m = re.match(r"^([^\s'\"#][^:#]*?):(\s+(.*))?$", text)
    if not m:
        return None
    return m.group(1), (m.group(3) or "").strip()


class _Parser:
    def __init__(self, text):
        self.raw = text.split("\n")
        self.lines = []
        for i, raw in enumerate(self.raw, 1):
            if "\t" in raw[: len(raw) - len(raw.lstrip())]:
                raise ValueError(f"line {i}: tab in indentation")
            content = raw.strip()
            if not content or content.startswith("#"):
                continue
            self.lines.append(_Line(i, len(raw) - len(raw.lstrip(" ")), raw.lstrip(" ")))
        self.pos = 0

    def peek(self):
        return self.lines[self.pos] if self.pos < len(self.lines) else None

    def block(self, indent):
        line = self.peek()
        if line.text == "-" or line.text.startswith("- "):
            return self.sequence(indent)
        return self.mapping(indent)

    def value_after(self, line, value, indent):
        if value in ("|", ">", "|-", ">-"):
            return self.block_scalar(line, value, indent)
        if value.startswith("[") and not _strip_comment(value).endswith("]"):
            # A flow list continued on more-indented lines.
            while self.peek() and self.peek().indent > indent and not value.endswith("]"):
                value = _strip_comment(value) + " " + _strip_comment(self.peek().text)
                self.pos += 1
        if value:
            return _scalar(_strip_comment(value), line.number)
        nxt = self.peek()
        if nxt and nxt.indent > indent:
            return self.block(nxt.indent)
        return None

    def block_scalar(self, line, style, indent):
        out, start = [], line.number  # line.number is 1-based: raw[start] is the next line
        i = start
        body_indent = None
        while i < len(self.raw):
            raw = self.raw[i]
            if raw.strip():
                cur = len(raw) - len(raw.lstrip(" "))
                if cur <= indent:
                    break
                body_indent = cur if body_indent is None else body_indent
                out.append(raw[body_indent:])
            else:
                out.append("")
            i += 1
        while self.peek() and self.peek().number <= i:
            self.pos += 1
        while out and not out[-1]:
            out.pop()
        text = "\n".join(out) if style.startswith("|") else " ".join(x for x in out if x)
        return text if style.endswith("-") else text + "\n"

    def mapping(self, indent):
        out = {}
        while True:
            line = self.peek()
            if not line or line.indent < indent:
                return out
            if line.indent > indent:
                raise ValueError(f"line {line.number}: unexpected indentation")
            if line.text.startswith("- "):
                return out
            kv = _split_key(_strip_comment(line.text), line.number)
            if kv is None:
                raise ValueError(f"line {line.number}: expected 'key: value'")
            key, value = kv
            if key in out:
                raise ValueError(f"line {line.number}: duplicate key {key!r}")
            self.pos += 1
            out[key] = self.value_after(line, value, indent)

    def sequence(self, indent):
        out = []
        while True:
            line = self.peek()
            if not line or line.indent < indent:
                return out
            if line.indent > indent or not (line.text == "-" or line.text.startswith("- ")):
                if line.indent == indent:
                    return out
                raise ValueError(f"line {line.number}: unexpected indentation")
            rest = line.text[1:].strip()
            if not rest:
                self.pos += 1
                nxt = self.peek()
                out.append(self.block(nxt.indent) if nxt and nxt.indent > indent else None)
            elif _split_key(_strip_comment(rest), line.number) and not rest.startswith("["):
                # "- key: value": a mapping whose keys sit two columns further in.
                self.lines[self.pos] = _Line(line.number, indent + 2, rest)
                out.append(self.mapping(indent + 2))
            else:
                self.pos += 1
                out.append(_scalar(_strip_comment(rest), line.number))


def load(text):
    p = _Parser(text)
    if not p.peek():
        return None
    doc = p.block(p.peek().indent)
    if p.peek():
        raise ValueError(f"line {p.peek().number}: unexpected text")
    return doc
