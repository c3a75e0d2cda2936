"""Two documents in, a verdict out: how they relate and which way it went.

``settings`` (the mode, the calibration and the model of a run), ``similarity``
(sentence and document scores), ``links`` (sentence links), ``align`` (paragraph
alignment), ``worddiff`` (word-level differences), ``evidence`` (measures of shared
text), ``story`` (same story or not), ``decide`` (the shipped decision models),
``classify`` (the relation), ``orient`` (the direction).

Named ``verdict``, not ``compare``: a sub-package of that name would replace the
public function ``provcheck.compare`` once imported.
"""
