extensions = ["myst_parser", "sphinxcontrib_protomodel"]
