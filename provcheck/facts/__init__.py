"""What each text states, and what the copy changed of it.

``extraction`` (numbers, dates, names and claims per paragraph), ``diff`` (divergences
per aligned pair, reconciled per document), ``quotes`` (quotations, speakers, how
faithfully each was kept) and ``support`` (the copy's sentences nothing in the source
supports).
"""
