"""One document's text: raw → clean as recorded edits, offsets back to the raw seed, sentences."""
