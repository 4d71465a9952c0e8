"""Writers of the package descriptors, all generated from the one schema in schema/."""
