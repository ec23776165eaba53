//! Jekyll/Liquid leftovers in old posts: finding `{% … %}` tags and their shortcode equivalents.
