"""Words, names and dates: the plain-text knowledge every stage reads.

``text`` (tokens, sentences, canonical forms), ``lexicon`` (word lists), ``entities``
(names and their keys), ``dates`` (dates stated in text). Imports nothing of provcheck
but the ground floor (models, errors, calibration).
"""
