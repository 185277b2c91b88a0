"""How things look in the coach's locale, shared by the window (``ui``) and the paper
(``printing``): times and dates through Qt's locale.  It imports neither of them."""
