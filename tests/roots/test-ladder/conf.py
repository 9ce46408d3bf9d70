extensions = ["sphinxcontrib_protomodel"]
