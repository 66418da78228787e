"""Release intake: from the agency's Word file, PDF or pasted text to a proposed
release, shown beside its source, corrected in place and saved as a draft.

- `documents`: reads an upload (.docx through mammoth, PDF through pdfplumber, text) into
  blocks of text (and HTML where the source has formatting), refusing what it cannot read;
- `lines`: turns text copied out of a PDF (hard line breaks, page furniture) into paragraphs;
- `parse`: finds the parts of a release in those blocks: labels, headline, dateline, body,
  download links, media enquiries, boilerplate; splits a file holding both languages;
- `matching`: what the proposal means for the database: known PR contacts, the issuer's
  boilerplate;
- `services`: the one write, a draft release with its original files;
- `views` and `forms`: the admin pages."""
