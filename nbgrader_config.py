"""nbgrader configuration: the repository root is the course root; lessons/ holds the source."""
c = get_config()  # noqa: F821 (provided by nbgrader)

c.CourseDirectory.root = "."
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
