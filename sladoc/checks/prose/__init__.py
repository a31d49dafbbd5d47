"""The prose reader: the facts the structured rules work on, read from contract wording.

Each reader takes one prose field's text and returns facts with exact spans (offsets within
the text), in English and Indonesian: availability targets with their window
(:mod:`.availability`), credit bands (:mod:`.credits`), severity/response lists and support
coverage (:mod:`.support`), funnel figures (:mod:`.funnel`), claim terms and unilateral terms
(:mod:`.claims`), and defined terms, inline definitions included (:mod:`.definitions`).
:attr:`sladoc.checks.context.Context.facts` reads every prose field once; the rules then check
facts from fields and from prose alike, and report prose findings at the words.
"""
