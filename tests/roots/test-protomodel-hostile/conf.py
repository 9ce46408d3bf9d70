extensions = ["sphinxcontrib_protomodel"]
project = "Hostile labels"
