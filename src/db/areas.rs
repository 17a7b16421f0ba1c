//! Areas: gemeenten, wijken and buurten with their outlines and population.
