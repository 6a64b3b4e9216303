"""Typical mistakes for lesson 04: its NumPy notebook and its TensorFlow notebook.

Keys: notebook -> solution cell grade_id -> list of (what the mistake is, code replacing the cell).
Each notebook keeps its catalogue in a file of its own.
"""

from tests.mistakes.lesson04_rnn_numpy import MISTAKES as NUMPY_MISTAKES
from tests.mistakes.lesson04_rnn_tensorflow import MISTAKES as TENSORFLOW_MISTAKES

MISTAKES = {**NUMPY_MISTAKES, **TENSORFLOW_MISTAKES}
