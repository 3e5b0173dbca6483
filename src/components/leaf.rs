//! A light element for long lists: a tag, its attributes (Leptos' own, reactive ones and event
//! handlers included), a text and children, built straight into the DOM.
//!
//! Why it exists: we build with `--cfg erase_components` (a smaller wasm), under which every
//! element written in `view!` keeps its children in a list that adds a marker comment after
//! them, and an element without children gets a placeholder comment. A table cell holding a
//! text is then three nodes instead of two; a page of 50 media rows carried some 600 comments.
//! A [`Leaf`] is only ever its element, its text and its children: rows stay light (issue 16:
//! at most 40 nodes a row). It is for fixed content (a row is redrawn as a whole when its data
//! changes); what changes in place goes through reactive attributes, as in `view!`.

use leptos::tachys::html::attribute::{any_attribute::AnyAttribute, Attribute};
use leptos::tachys::renderer::types::{Element, Node};
use leptos::tachys::view::any_view::{AnyView, AnyViewState, IntoAny};
use leptos::tachys::view::{Mountable, Position, PositionState, Render, RenderHtml};

/// An element with attributes, a text and children, and nothing else in the DOM.
pub struct Leaf {
    tag: &'static str,
    attrs: Vec<AnyAttribute>,
    text: String,
    children: Vec<AnyView>,
}

impl Leaf {
    /// An element of this tag, empty.
    pub fn new(tag: &'static str) -> Self {
        Leaf {
            tag,
            attrs: Vec::new(),
            text: String::new(),
            children: Vec::new(),
        }
    }

    /// Adds an attribute: any of Leptos' (`class("x")`, `title(..)`, `disabled(move || ..)`,
    /// `on(ev::click, ..)`), as `view!` would set it.
    pub fn attr(
        mut self,
        attr: impl leptos::tachys::html::attribute::any_attribute::IntoAnyAttribute,
    ) -> Self {
        self.attrs.push(attr.into_any_attr());
        self
    }

    /// Sets the text, written before any children. An empty text adds no node.
    pub fn text(mut self, text: impl Into<String>) -> Self {
        self.text = text.into();
        self
    }

    /// Appends a child: another leaf, or any view (which brings its own nodes, markers and all).
    pub fn child(mut self, child: impl RenderHtml + 'static) -> Self {
        self.children.push(child.into_any());
        self
    }

    /// Appends child leaves.
    pub fn children(mut self, children: impl IntoIterator<Item = Leaf>) -> Self {
        self.children
            .extend(children.into_iter().map(IntoAny::into_any));
        self
    }
}

/// A built [`Leaf`]: its element, and what keeps its attributes (reactive ones, handlers) alive.
pub struct LeafState {
    el: Element,
    _attrs: <Vec<AnyAttribute> as Attribute>::State,
    _children: Vec<AnyViewState>,
}

impl Render for Leaf {
    type State = LeafState;

    fn build(self) -> LeafState {
        let el = leptos::tachys::renderer::Rndr::create_element(self.tag, None);
        let attrs = self.attrs.build(&el);
        if !self.text.is_empty() {
            el.set_text_content(Some(&self.text));
        }
        let children = self
            .children
            .into_iter()
            .map(|c| {
                let mut state = c.build();
                state.mount(&el, None);
                state
            })
            .collect();
        LeafState {
            el,
            _attrs: attrs,
            _children: children,
        }
    }

    fn rebuild(self, state: &mut LeafState) {
        // Fixed content: a new value replaces the element where it stands.
        let mut new = self.build();
        if let Some(parent) = state.el.parent_element() {
            new.mount(&parent, Some(state.el.as_ref()));
        }
        state.unmount();
        *state = new;
    }
}

impl Mountable for LeafState {
    fn unmount(&mut self) {
        self.el.remove();
    }

    fn mount(&mut self, parent: &Element, marker: Option<&Node>) {
        // Inserting only fails for a node that cannot be a child, which an element always can.
        let _ = parent.insert_before(self.el.as_ref(), marker);
    }

    fn insert_before_this(&self, child: &mut dyn Mountable) -> bool {
        self.el.insert_before_this(child)
    }

    fn elements(&self) -> Vec<Element> {
        vec![self.el.clone()]
    }
}

leptos::tachys::no_attrs!(Leaf);

impl RenderHtml for Leaf {
    type AsyncOutput = Self;
    type Owned = Self;
    const MIN_LENGTH: usize = 0;

    fn dry_resolve(&mut self) {}

    async fn resolve(self) -> Self {
        self
    }

    fn to_html_with_buf(
        self,
        buf: &mut String,
        position: &mut Position,
        _escape: bool,
        _mark_branches: bool,
        _extra_attrs: Vec<AnyAttribute>,
    ) {
        // Curator renders in the browser only. Without Leptos' `ssr` feature, which it does not
        // build, type-erased attributes and views panic when written as HTML: a leaf writes its
        // element and text only.
        buf.push('<');
        buf.push_str(self.tag);
        buf.push('>');
        buf.push_str(&html_escape(&self.text));
        buf.push_str("</");
        buf.push_str(self.tag);
        buf.push('>');
        *position = Position::NextChild;
    }

    fn hydrate<const FROM_SERVER: bool>(
        self,
        _cursor: &leptos::tachys::hydration::Cursor,
        _position: &PositionState,
    ) -> LeafState {
        // Curator is never rendered on a server, so there is nothing to hydrate: build anew.
        self.build()
    }

    fn into_owned(self) -> Self {
        self
    }
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_html_it_is_its_element_and_its_text_escaped() {
        let leaf = Leaf::new("td").text("a <b> & c");
        assert_eq!(leaf.to_html(), "<td>a &lt;b&gt; &amp; c</td>");
    }
}
