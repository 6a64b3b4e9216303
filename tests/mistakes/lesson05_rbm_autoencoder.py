"""Typical mistakes for lesson 05: its RBM/DBN notebooks and its autoencoder notebooks.

Keys: notebook -> solution cell grade_id -> list of (what the mistake is, code replacing the cell).
The two halves of the lesson keep their catalogues in files of their own.
"""

from tests.mistakes.lesson05_autoencoder import MISTAKES as AUTOENCODER_MISTAKES
from tests.mistakes.lesson05_rbm import MISTAKES as RBM_MISTAKES

MISTAKES = {**RBM_MISTAKES, **AUTOENCODER_MISTAKES}
