// Renders the API reference with Redoc (served from our own static files, as this script is:
// the page's Content-Security-Policy lets it fetch nothing from another site).
(function () {
  const script = document.currentScript;
  const systemFonts = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
  Redoc.init(
    script.dataset.schemaUrl,
    {
      jsonSampleExpandLevel: 4,
      theme: {
        typography: {
          fontFamily: systemFonts,
          headings: { fontFamily: systemFonts },
          code: { fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace" },
        },
      },
    },
    document.getElementById("redoc-container"),
  );
})();
