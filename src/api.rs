//! The JSON-in/JSON-out API that the CLI and the browser glue call; tested natively.
