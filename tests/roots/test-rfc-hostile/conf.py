extensions = ["sphinxcontrib_protomodel"]
project = "Hostile <labels> & \"quotes\""
protomodel_rfc_docname = "draft-test-hostile-00"
protomodel_rfc_title = "Labels: <script>, ]]> & \"quotes\""
protomodel_rfc_authors = [{"name": "Zoë Ünïcode", "ascii_name": "Zoe Unicode", "organization": "Org & <Co>"}]
protomodel_rfc_abstract = "Text with <tags>, ]]> and & in the abstract."
