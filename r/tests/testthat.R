library(testthat)
library(foedus)

test_check("foedus")
