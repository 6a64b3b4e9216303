"""Typical mistakes for lesson 04's TensorFlow notebook (rnn_tensorflow).

Keys: notebook -> solution cell grade_id -> list of (what the mistake is, code replacing the cell).
"""

MISTAKES = {}
