//! Preview settings and the limit on thumbnail requests in flight.
