//! Hugo shortcode calls in a page body: a parser with positions for `{{< >}}` and `{{% %}}`.
