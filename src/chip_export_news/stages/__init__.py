"""Running the build: the per-document stage, its executors and cache, the corpus stage (pipeline),
and the atomic swap into dataset/."""
