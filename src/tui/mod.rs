pub mod demo_pane;
