extensions = ["sphinxcontrib_protomodel"]
project = "html figures"
epub_description = "test"
epub_copyright = "test"
