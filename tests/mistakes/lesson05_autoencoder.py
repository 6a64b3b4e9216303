"""Typical mistakes for lesson 05's autoencoder notebooks (3_autoencoder_numpy, 4_autoencoder_tensorflow).

Keys: notebook -> solution cell grade_id -> list of (what the mistake is, code replacing the cell).
"""

MISTAKES = {}
