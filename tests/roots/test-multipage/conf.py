extensions = ["sphinxcontrib_protomodel"]
project = "Pages"
