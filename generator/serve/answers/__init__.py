"""The answers of the editor's forms, apart from the web: the journey's pages and fields
(journey), what a field shows and sends (forms), a save's three-way merge (merging), the
check's messages in the form's words (wording), pasted text (pasted) and the preview's
stand-ins for answers still to write (drafting). Pure: no request, no file."""
