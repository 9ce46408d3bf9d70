import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

extensions = ["sphinxcontrib_protomodel", "rfc_fallbacks_ext"]
project = "Fallbacks"
author = "Ada Lovelace"
protomodel_rfc_abstract = "Every docutils construct, in the nearest form the vocabulary has."
protomodel_rfc_documents = [
    ("index", "draft-test-fallbacks-00"),
    ("second", "draft-test-second-01", {"title": "The second draft", "category": "std", "authors": ["B. Author"]}),
]

