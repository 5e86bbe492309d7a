// The editor's only script of its own, loaded as a module from /static/ (the CSP allows
// script-src 'self' and nothing inline). htmx is loaded beside it as /static/htmx.min.js and
// configured by the layout's <meta name="htmx-config">.
import { initAll } from './govuk-frontend.min.js'

// GOV.UK Frontend 6's template.njk sets these two classes with an inline script at the top of
// <body>; here they are set by this module instead. A browser that runs a module script is
// one GOV.UK Frontend supports (its test is 'noModule' in HTMLScriptElement.prototype), so
// both are added together. Module scripts run after the document is parsed, so GOV.UK's
// components are styled for JavaScript only from here on.
document.body.classList.add('js-enabled', 'govuk-frontend-supported')

initAll()
