// Keeps the rules of a stylesheet whose selectors the given files use.
//
//   node purge.mjs STYLES.css FILES.json   → the CSS on stdout
//
// Run through `python manage.py build_styles`, which picks the files (the
// templates the shop renders, its Python modules and scripts) and writes the
// result to storefront/static/ocop/css/oscar.css. A selector is kept when every
// class, id and element in it appears as a word in one of the files.
import { readFileSync } from "node:fs";
import { PurgeCSS } from "purgecss";

const [styles, files] = process.argv.slice(2);

const [result] = await new PurgeCSS().purge({
    css: [styles],
    content: JSON.parse(readFileSync(files, "utf8")),
    fontFace: true,
    keyframes: true,
    variables: true,
    safelist: {
        // Classes put together in templates (alert-{{ tag }}, badge-{{ status|status_css }})
        // and the ids Django gives form fields (id_{{ name }}).
        greedy: [/^alert-/, /^badge-/, /^id_/],
    },
    // Icons are inline SVG ({% icon %}): Font Awesome's classes would style nothing.
    blocklist: ["fa", "fas", "far", "fab", /^fa-/],
});

process.stdout.write(result.css);
