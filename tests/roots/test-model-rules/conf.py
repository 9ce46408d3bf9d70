extensions = ["sphinxcontrib_protomodel"]
exclude_patterns = ["_build"]
