"""nbgrader configuration: the repository root is the course root; lessons/ holds the source."""
import os

c = get_config()  # noqa: F821 (provided by nbgrader)

# The folder of this file, as an absolute path (traitlets sets __file__ while it runs a config
# file): a relative root such as "." makes every nbgrader command warn that it is not absolute.
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.source_directory = "lessons"
c.CourseDirectory.course_id = "mlcourse"

# Grading always runs in fast mode (nbgrader sets NBGRADER_EXECUTION), where every notebook
# finishes in about a minute: a cell that needs longer than this is a runaway submission.
c.Execute.timeout = 90
c.Execute.interrupt_on_timeout = True
# Keep TensorFlow's C-level log lines out of cell outputs: nbgrader scores a test cell 0 when it
# writes to stderr.
c.Execute.extra_arguments = ["--IPKernelApp.capture_fd_output=False"]

# A student's release has no outputs; feedback shows the autograded notebook.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
