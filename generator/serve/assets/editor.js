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

// The live preview. htmx puts each answer into the hidden #pp-preview-next: the policy's page
// as text, which goes into the frame already shown (srcdoc) rather than a new frame. A new
// frame cost a browsing context and a second request each time, and with the preview's
// stylesheet and fonts kept, the page shows about 50 ms sooner. The frame stays sandboxed
// with nothing allowed (no script). htmx's hx-sync="this:queue last" hands over the answers
// in order, and a new srcdoc stops a page still loading: no older preview lands last.
document.body.addEventListener('htmx:afterSwap', (event) => {
  const next = event.detail.target
  if (next.id !== 'pp-preview-next') return
  const page = next.firstElementChild?.getAttribute('data-srcdoc')
  const frame = document.querySelector('#pp-preview iframe')
  if (page != null && frame) frame.srcdoc = page
  next.replaceChildren()
})
