/** The store benchmark: an end-to-end program that prints its figures. Not a library. */
module dev.steward.bench {
  requires dev.steward.core;
  requires java.sql;
  requires java.management;
}
