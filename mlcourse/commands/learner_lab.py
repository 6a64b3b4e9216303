"""The learner's JupyterLab (``mlcourse start``): nbgrader's instructor tools hidden.

nbgrader installs its JupyterLab plugins and server extensions for everyone who runs JupyterLab
in the environment: the "Create Assignment" sidebar, the formgrader and the "Nbgrader" menu are
meant for the instructor. ``mlcourse start`` runs JupyterLab with :func:`lab_options`, which turns
nbgrader's instructor server extensions off and loads this module as a server extension of that
one lab; it hides the instructor's plugins from the page. The learner keeps the "Validate" button.
The course uses no nbgrader exchange, so the assignment and course lists (which need one) go too.
A plain ``jupyter lab`` is untouched: the instructor keeps every tool.
"""

# JupyterLab plugins of nbgrader's lab extension that a learner of this course has no use for.
INSTRUCTOR_PLUGINS = [
    "@jupyter/nbgrader:create-assignment",
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:menu",
    "@jupyter/nbgrader:assignment-list",
    "@jupyter/nbgrader:course-list",
]
# nbgrader's server extensions behind those plugins (validate_assignment stays on).
INSTRUCTOR_SERVER_EXTENSIONS = [
    "nbgrader.server_extensions.formgrader",
    "nbgrader.server_extensions.assignment_list",
    "nbgrader.server_extensions.course_list",
]


def lab_options():
    """JupyterLab command-line options (list of str) that make it a learner's lab."""
    switches = {**{name: False for name in INSTRUCTOR_SERVER_EXTENSIONS}, __name__: True}
    return [f"--ServerApp.jpserver_extensions={name}={on}" for name, on in switches.items()]


def hide_instructor_plugins(page_config):
    """Add INSTRUCTOR_PLUGINS to JupyterLab's page config (dict) ``disabledExtensions``; returns it."""
    disabled = list(page_config.get("disabledExtensions") or [])
    page_config["disabledExtensions"] = disabled + [p for p in INSTRUCTOR_PLUGINS if p not in disabled]
    return page_config


def _jupyter_server_extension_points():
    """Jupyter Server's entry point: this module is a server extension."""
    return [{"module": __name__}]


def _load_jupyter_server_extension(serverapp):
    """Jupyter Server's hook: filter the page config of every JupyterLab page this server sends."""
    settings = serverapp.web_app.settings
    previous = settings.get("page_config_hook")

    def hook(handler, page_config):
        if previous:
            page_config = previous(handler, page_config)
        return hide_instructor_plugins(page_config)

    settings["page_config_hook"] = hook
