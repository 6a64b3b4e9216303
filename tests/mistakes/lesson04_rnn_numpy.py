"""Typical mistakes for lesson 04's NumPy notebook (rnn_numpy).

Keys: notebook -> solution cell grade_id -> list of (what the mistake is, code replacing the cell).
"""

MISTAKES = {}
