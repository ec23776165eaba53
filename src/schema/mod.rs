//! The fields of each content type: from the site's Decap CMS config, else inferred.
