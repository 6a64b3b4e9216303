"""Typical mistakes for lesson 05's RBM and deep belief network notebooks (1_rbm_numpy, 2_rbm_tensorflow).

Keys: notebook -> solution cell grade_id -> list of (what the mistake is, code replacing the cell).
"""

MISTAKES = {}
