"""Math of the handouts as MathML, typeset at export time: a handout needs no MathJax and no network.

Browsers (Chromium, Firefox, Safari) render MathML natively, on screen and when printing to PDF.
The formulas of a notebook's Markdown cells (``$...$`` inline, ``$$...$$`` displayed) are taken
out before nbconvert sees the Markdown, replaced by placeholders that Markdown leaves alone, and
put back as MathML into the exported HTML. Code spans and fenced code keep their dollars.
"""
import html
import re

# A fenced block or a code span (kept as it is), a displayed formula, or an inline formula.
_MATH = re.compile(r"(?P<code>```.*?```|`[^`\n]*`)"
                   r"|\$\$(?P<display>.+?)\$\$"
                   r"|(?<![\\$])\$(?P<inline>[^$\n]+?)(?<!\\)\$", re.S)
_TOKEN = "MLCOURSEMATH{:05d}X"
# Delimiters that latex2mathml leaves as their LaTeX names after a size command (``\big\langle``).
_DELIMITERS = {r"\langle": "&#x027E8;", r"\rangle": "&#x027E9;", r"\lvert": "|", r"\rvert": "|", r"\vert": "|",
               r"\lVert": "&#x02016;", r"\rVert": "&#x02016;", r"\Vert": "&#x02016;", r"\|": "&#x02016;",
               r"\lbrace": "{", r"\rbrace": "}", r"\{": "{", r"\}": "}"}
# Text left in the MathML that is still a LaTeX command: a command latex2mathml does not know.
_LEFT_OVER = re.compile(r">([^<]*\\[A-Za-z]+[^<]*)<")
_TOKEN_RE = re.compile(r"MLCOURSEMATH(\d{5})X")


def formulas(markdown):
    """The formulas of a Markdown text, in order: a list of ``(latex, display)`` pairs.

    display: True for ``$$...$$``, False for ``$...$``; dollars in code are not formulas.
    """
    return [(m["display"] if m["display"] is not None else m["inline"], m["display"] is not None)
            for m in _MATH.finditer(markdown) if m["code"] is None]


def to_mathml(latex, display):
    """MathML of one formula (``<math ...>...</math>``).

    Raises ValueError when it cannot be converted, or when a LaTeX command would be left as text.
    """
    from latex2mathml.converter import convert

    try:
        mathml = convert(latex.strip(), display="block" if display else "inline")
    except Exception as error:  # latex2mathml raises its own errors and plain ones for unknown input
        raise ValueError(f"cannot convert ${latex.strip()}$ to MathML: {error}") from error
    mathml = re.sub(r">(\\[A-Za-z|{}]+)<", lambda m: f">{_DELIMITERS.get(m.group(1), m.group(1))}<", mathml)
    left = _LEFT_OVER.search(mathml)
    if left:
        raise ValueError(f"cannot convert ${latex.strip()}$ to MathML: {left.group(1)} is not understood")
    return mathml


def take_out_math(nb):
    """Replace the formulas of ``nb``'s Markdown cells (in place) with placeholders.

    Returns the list of MathML strings, the n-th for the n-th placeholder. A formula that cannot
    be converted stays visible as its LaTeX source, in a ``<code>`` element.
    """
    mathml = []

    def replace(match):
        if match["code"] is not None:
            return match["code"]
        display = match["display"] is not None
        latex = match["display"] if display else match["inline"]
        try:
            mathml.append(to_mathml(latex, display))
        except ValueError:
            delimiter = "$$" if display else "$"
            mathml.append(f"<code>{html.escape(delimiter + latex + delimiter)}</code>")
        token = _TOKEN.format(len(mathml) - 1)
        return f"\n\n{token}\n\n" if display else token

    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = _MATH.sub(replace, cell.source)
    return mathml


def put_back_math(body, mathml):
    """The exported HTML ``body`` with each placeholder replaced by its MathML."""
    return _TOKEN_RE.sub(lambda m: mathml[int(m.group(1))], body)
