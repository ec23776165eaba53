//! A Go `text/template` / `html/template` interpreter for the site's own shortcode templates.
