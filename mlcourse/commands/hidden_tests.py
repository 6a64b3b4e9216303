"""The feedback preprocessor that leaves hidden tests, and the tracebacks quoting them, out."""
from nbgrader.preprocessors import NbGraderPreprocessor
from nbgrader.utils import is_grade


class WithholdHiddenTests(NbGraderPreprocessor):
    """Feedback preprocessor: hidden tests and the tracebacks that quote them are left out.

    The part of a test cell between ``### BEGIN HIDDEN TESTS`` and ``### END HIDDEN TESTS``
    becomes one comment line; a failing test cell's traceback becomes its last line (the
    exception and its message, which names the mistake) so no hidden line is quoted.
    """

    begin = "### BEGIN HIDDEN TESTS"
    end = "### END HIDDEN TESTS"

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code" or not is_grade(cell) or self.begin not in cell.source:
            return cell, resources
        lines, hidden = [], False
        for line in cell.source.splitlines():
            if line.strip() == self.begin:
                hidden = True
                lines.append("# (hidden tests: withheld by the instructor)")
            elif line.strip() == self.end:
                hidden = False
            elif not hidden:
                lines.append(line)
        cell.source = "\n".join(lines)
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                message = f"{output.get('ename', 'Error')}: {output.get('evalue', '')}".rstrip(": ")
                output["traceback"] = [message, "(traceback withheld: it would show the hidden tests)"]
        return cell, resources
