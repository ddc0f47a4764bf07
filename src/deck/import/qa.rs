//! Question and answer notes: a `Q:` paragraph or list item followed by an
//! `A:` one, or both in one (`- **Q:** What is a GIL? **A:** a lock`; the
//! bold markers are gone by the time the text gets here). Code blocks right
//! after a question or an answer belong to it (`**A:**` over a fenced
//! block). A question that gets no answer is a note, never silence.
//!
//! The markers are `Q:`/`A:`, `Question:`/`Answer:` and their common
//! translations (`Frage:`/`Antwort:`, `问：`/`答：`, `질문:`/`답:` …), with
//! an ASCII or a full-width colon.

use super::{ImportedCard, Importer, note};

const QUESTION: &[&str] = &[
    "Q",
    "Question",
    "Frage",
    "Pregunta",
    "Domanda",
    "Pergunta",
    "Вопрос",
    "问",
    "问题",
    "問",
    "問題",
    "質問",
    "질문",
    "문제",
];
const ANSWER: &[&str] = &[
    "A",
    "Answer",
    "Antwort",
    "Réponse",
    "Reponse",
    "Respuesta",
    "Risposta",
    "Resposta",
    "Ответ",
    "答",
    "答案",
    "答え",
    "解答",
    "답",
    "답변",
    "정답",
];
const COLONS: &[char] = &[':', '：'];

/// What a paragraph or item says, by its marker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Qa {
    /// `Q: … A: …`: the question and the answer (either may be empty).
    Both(String, String),
    /// `Q: …` alone (maybe empty: a code block may follow).
    Question(String),
    /// `A: …` (maybe empty: a code block may follow).
    Answer(String),
}

/// The length of the marker from `markers` (word and colon) at the start
/// of `text`.
fn marker_len(text: &str, markers: &[&str]) -> Option<usize> {
    markers.iter().find_map(|m| {
        let rest = text.strip_prefix(m)?;
        let colon = rest.chars().next().filter(|c| COLONS.contains(c))?;
        Some(m.len() + colon.len_utf8())
    })
}

/// Where an answer marker starts in `rest` (after a space, a line break or
/// a sentence's end) and how long it is.
fn answer_at(rest: &str) -> Option<(usize, usize)> {
    rest.char_indices()
        .filter(|&(i, _)| {
            i > 0
                && rest[..i]
                    .chars()
                    .next_back()
                    .is_some_and(|p| p.is_whitespace() || matches!(p, '？' | '?' | '。' | '！'))
        })
        .find_map(|(i, _)| marker_len(&rest[i..], ANSWER).map(|len| (i, len)))
}

/// Reads the marker of a paragraph or item's text.
pub(super) fn read(text: &str) -> Option<Qa> {
    if let Some(len) = marker_len(text, QUESTION) {
        let rest = &text[len..];
        return Some(match answer_at(rest) {
            Some((at, len)) => Qa::Both(
                rest[..at].trim().to_string(),
                rest[at + len..].trim().to_string(),
            ),
            None => Qa::Question(rest.trim().to_string()),
        });
    }
    marker_len(text, ANSWER).map(|len| Qa::Answer(text[len..].trim().to_string()))
}

/// A question being read: its line, its text, and its answer once `A:`
/// was seen.
#[derive(Debug)]
pub(super) struct Pending {
    line: usize,
    question: String,
    answer: Option<String>,
}

/// `text` followed by `more` on a new line.
fn append(text: &mut String, more: &str) {
    if !text.is_empty() {
        text.push('\n');
    }
    text.push_str(more);
}

impl Importer {
    /// Reads a paragraph or item as a question or answer note; false if it
    /// is none (any question waiting then ends).
    pub(super) fn qa_text(&mut self, line: usize, text: &str) -> bool {
        let waiting = self.pending.as_ref().is_some_and(|p| p.answer.is_none());
        match read(text) {
            Some(Qa::Answer(a)) if waiting => {
                if let Some(p) = &mut self.pending {
                    p.answer = Some(a);
                }
                true
            }
            Some(Qa::Both(question, answer)) => {
                self.qa_end();
                self.pending = Some(Pending {
                    line,
                    question,
                    answer: Some(answer),
                });
                true
            }
            Some(Qa::Question(question)) => {
                self.qa_end();
                self.pending = Some(Pending {
                    line,
                    question,
                    answer: None,
                });
                true
            }
            Some(Qa::Answer(_)) | None => {
                self.qa_end();
                false
            }
        }
    }

    /// A code block: part of the question or answer being read, if any.
    pub(super) fn qa_code(&mut self, code: &str) {
        if let Some(p) = &mut self.pending {
            append(p.answer.as_mut().unwrap_or(&mut p.question), code);
        }
    }

    /// Ends the question being read: a card, or a note saying what is
    /// missing.
    pub(super) fn qa_end(&mut self) {
        let Some(Pending {
            line,
            question,
            answer,
        }) = self.pending.take()
        else {
            return;
        };
        let missing = match &answer {
            _ if question.is_empty() => "`Q:` has no question",
            None => "question without an answer",
            Some(a) if a.is_empty() => "the answer after `A:` is empty",
            Some(_) => "",
        };
        if !missing.is_empty() {
            self.out.notes.push(note(line, format!("{missing}: not imported; write the question after `Q:` and its answer after `A:` (text, or a code block right after it)")));
            return;
        }
        let tags = self.section_tags();
        self.raw.push(ImportedCard {
            front: question,
            back: answer.unwrap_or_default(),
            tags,
            line,
            ..ImportedCard::default()
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn both(q: &str, a: &str) -> Option<Qa> {
        Some(Qa::Both(q.into(), a.into()))
    }

    #[test]
    fn reads_question_and_answer_forms() {
        assert_eq!(
            read("Q: What is a GIL? A: a lock"),
            both("What is a GIL?", "a lock")
        );
        assert_eq!(
            read("Question: Why?\nAnswer: Because"),
            both("Why?", "Because")
        );
        assert_eq!(read("Q: How? A:"), both("How?", ""));
        assert_eq!(read("Q: alone"), Some(Qa::Question("alone".into())));
        assert_eq!(read("A: yes"), Some(Qa::Answer("yes".into())));
        assert_eq!(read("Also: no"), None);
        assert_eq!(read("Quick: no"), None);
        assert_eq!(read("Plan A: later"), None);
    }

    #[test]
    fn code_blocks_join_the_question_or_answer_before_them_and_gaps_are_noted() {
        use super::super::{ImportOptions, import_markdown};
        let md = "Q: What prints?\n\n```py\nprint(1)\n```\n\nA: this:\n\n    1\n\nQ: Empty?\n\nA:\n\nQ:\n\nA: no question\n";
        let imp = import_markdown(md, ImportOptions::default());
        let sides: Vec<(&str, &str)> = imp
            .cards
            .iter()
            .map(|c| (c.front.as_str(), c.back.as_str()))
            .collect();
        assert_eq!(
            sides,
            vec![("What prints?\n```py\nprint(1)\n```", "this:\n```\n1\n```")]
        );
        let notes: Vec<(usize, &str)> = imp
            .notes
            .iter()
            .map(|n| (n.line, n.message.split(':').next().unwrap_or_default()))
            .collect();
        assert_eq!(notes, vec![(11, "the answer after `A"), (15, "`Q")]);
    }

    #[test]
    fn reads_translated_markers_and_full_width_colons() {
        assert_eq!(
            read("问：什么是GIL？答：全局解释器锁"),
            both("什么是GIL？", "全局解释器锁")
        );
        assert_eq!(
            read("질문: 스레드란? 답: 실행 단위"),
            both("스레드란?", "실행 단위")
        );
        assert_eq!(
            read("Frage: Was ist ein Mutex?\nAntwort: eine Sperre"),
            both("Was ist ein Mutex?", "eine Sperre")
        );
        assert_eq!(read("Q：全角"), Some(Qa::Question("全角".into())));
        // "回答：" is a word, not the answer marker "答：".
        assert_eq!(
            read("问：回答：是什么"),
            Some(Qa::Question("回答：是什么".into()))
        );
    }
}
