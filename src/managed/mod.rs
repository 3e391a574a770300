//! The AWS managed policies the project ships (real documents from a maintained dataset).
