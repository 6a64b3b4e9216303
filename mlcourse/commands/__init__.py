"""The course's command line (`mlcourse ...`) and its nbgrader machinery.

Nothing in a lesson notebook imports from here: the learner's library is the parent package.
"""
