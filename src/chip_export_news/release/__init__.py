"""From a draft article to a published release: add, versions, release, publish, the curator's guide."""
